"""Stand-in for get-pip.py, which ansible-test downloads from a host this machine cannot reach.

The harness copies this file to ~/.ansible/test/cache/get_pip_<X_Y>.py. ansible-test runs it with
the interpreter of a fresh venv (made without pip) and get-pip's arguments.
"""

from __future__ import annotations

import subprocess
import sys


def main() -> None:
    """Install pip with ensurepip, then whatever get-pip was asked to install."""
    # A subprocess, not ensurepip in-process: ensurepip sets PIP_CONFIG_FILE=/dev/null in its own
    # process, so pip would lose /etc/pip.conf (CA bundle, indexes) and fail with SSL errors.
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade', '--default-pip'])
    args = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
    packages = [arg for arg in args if not arg.startswith('-')]
    options = [arg for arg in args if arg.startswith('-')]
    if packages:
        subprocess.check_call([sys.executable, '-m', 'pip', 'install', '--quiet', '--upgrade'] + options + packages)


if __name__ == '__main__':
    main()
