"""A private OpenSSH server on loopback with two unprivileged ALNCOs, for end-to-end tests.

What a school server has: sshd, several users, alnco installed where every user
can run it, each user's record in their own home. Built once per test session:

- alnco is installed non-editable into a venv made with the system Python under
  /opt (a venv whose interpreter lives under /root cannot be run by other users);
- two users are created (`useradd -m -p '*'`: a locked account refuses key logins)
  and removed again at the end, with their homes;
- sshd runs from a config in a temporary folder: its own host key, loopback only,
  a free port, key logins only, ALNCO_* variables accepted from the client.

It needs root, /usr/sbin/sshd (apt-get install openssh-server), tmux and the
system Python; otherwise every test here is skipped, saying which is missing.
"""

from __future__ import annotations

import os
import pwd
import shutil
import shlex
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VENV = Path(os.environ.get("ALNCO_E2E_VENV", "/opt/alnco-e2e-venv"))
SYSTEM_PYTHON = "/usr/bin/python3"
USERS = ("alncoe2eann", "alncoe2ebob")
TODAY = "2026-11-03"


def _missing() -> str | None:
    if os.geteuid() != 0:
        return "the SSH end-to-end tests create users and start sshd: they need root"
    for tool, package in (("/usr/sbin/sshd", "openssh-server"), ("ssh", "openssh-client"),
                          ("tmux", "tmux"), ("useradd", "passwd"), (SYSTEM_PYTHON, "python3")):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install {package})"
    return None


def _install_alnco() -> Path:
    """alnco, as released (a wheel built from this tree), in a venv every user can run."""
    if not (VENV / "bin" / "python").exists():
        subprocess.run([SYSTEM_PYTHON, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "--quiet", str(REPO)], check=True)
    else:  # dependencies are there: just this tree's alnco, as a fresh wheel
        subprocess.run([str(VENV / "bin" / "pip"), "install", "--quiet", "--no-deps",
                        "--force-reinstall", str(REPO)], check=True)
    os.chmod(VENV, 0o755)
    return VENV / "bin" / "alnco"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class World:
    port: int
    key: Path
    alnco: Path
    system_dir: Path
    known_hosts: Path

    def ssh_argv(self, user: str, *command: str, tty: bool = False,
                 env: dict[str, str] | None = None) -> list[str]:
        settings = {"ALNCO_TODAY": TODAY, "LANG": "C.UTF-8",
                    "ALNCO_SYSTEM_DIR": str(self.system_dir), **(env or {})}
        return ["ssh", "-i", str(self.key), "-p", str(self.port),
                "-o", "StrictHostKeyChecking=no", "-o", f"UserKnownHostsFile={self.known_hosts}",
                "-o", "LogLevel=ERROR", "-o", "BatchMode=yes",
                "-o", "SetEnv=" + " ".join(f"{k}={v}" for k, v in settings.items()),
                *(["-tt"] if tty else ["-T"]), f"{user}@127.0.0.1",
                *([shlex.join(command)] if command else [])]  # the remote shell splits it

    def run(self, user: str, *command: str, env: dict[str, str] | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(self.ssh_argv(user, *command, env=env), capture_output=True,
                              text=True, timeout=timeout)

    def alnco_cmd(self, user: str, *args: str, env: dict[str, str] | None = None
                  ) -> subprocess.CompletedProcess:
        return self.run(user, str(self.alnco), *args, env=env)

    def home(self, user: str) -> Path:
        return Path(pwd.getpwnam(user).pw_dir)


@pytest.fixture(scope="session")
def world(tmp_path_factory):
    reason = _missing()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("sshd")
    os.chmod(folder, 0o755)
    alnco = _install_alnco()
    key = folder / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    host_key = folder / "host_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key)],
                   check=True)
    os.chmod(host_key, 0o600)
    for user in USERS:
        subprocess.run(["userdel", "-r", user], capture_output=True)  # left by a killed run
        subprocess.run(["useradd", "-m", "-p", "*", "-s", "/bin/sh", user], check=True)
        entry = pwd.getpwnam(user)
        ssh_dir = Path(entry.pw_dir) / ".ssh"
        ssh_dir.mkdir(mode=0o700)
        (ssh_dir / "authorized_keys").write_text((folder / "id_ed25519.pub").read_text())
        for path in (ssh_dir, ssh_dir / "authorized_keys"):
            os.chown(path, entry.pw_uid, entry.pw_gid)
        os.chmod(ssh_dir / "authorized_keys", 0o600)
    # Like /etc/alnco: root's, in folders only root can write (not under /tmp, which
    # anyone can write to, nor under pytest's 0700 folder, which the users cannot reach).
    system_dir = Path(f"/opt/alnco-e2e-system-{os.getpid()}")
    shutil.rmtree(system_dir, ignore_errors=True)
    (system_dir / "catalogue").mkdir(parents=True)
    os.chmod(system_dir, 0o755)
    os.chmod(system_dir / "catalogue", 0o755)
    port = _free_port()
    config = folder / "sshd_config"
    config.write_text(f"""\
Port {port}
ListenAddress 127.0.0.1
HostKey {host_key}
PidFile {folder / 'sshd.pid'}
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile .ssh/authorized_keys
AcceptEnv LANG LC_* ALNCO_*
PrintMotd no
ClientAliveInterval 5
ClientAliveCountMax 2
""")
    Path("/run/sshd").mkdir(exist_ok=True)
    server = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", str(config)],
                              stderr=open(folder / "sshd.log", "w"))
    world = World(port=port, key=key, alnco=alnco, system_dir=system_dir,
                  known_hosts=folder / "known_hosts")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if world.run(USERS[0], "true", timeout=10).returncode == 0:
            break
        time.sleep(0.2)
    else:
        server.kill()
        raise AssertionError("sshd did not accept a login: " + (folder / "sshd.log").read_text())
    try:
        yield world
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        for user in USERS:
            subprocess.run(["pkill", "-KILL", "-u", user], capture_output=True)
            subprocess.run(["userdel", "-r", user], capture_output=True)
        shutil.rmtree(system_dir, ignore_errors=True)


@pytest.fixture
def ann(world):
    return USERS[0]


@pytest.fixture
def bob(world):
    return USERS[1]
