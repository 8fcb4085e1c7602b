"""`invoke check-content`: print every content problem at once; exit 1 if there are any."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from content_types.check import check_content  # noqa: E402


def main(argv=None) -> int:
    from pelican.settings import read_settings
    settings_file = (argv or sys.argv[1:] or [str(ROOT / "pelicanconf.py")])[0]
    settings = read_settings(settings_file)
    problems = check_content(Path(settings["PATH"]), settings)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found.")
        return 1
    print("The content has no problems.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
