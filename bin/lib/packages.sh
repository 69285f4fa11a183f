# Sourced by Banyan's scripts: installs missing Debian packages the way a fresh machine allows —
# apt-get as root, through sudo when that needs no password — or stops naming what to install.

banyan_has_command() {
  # Also looks in the sbin directories, which a non-root PATH often lacks (runc, iptables).
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]
}

banyan_install_packages() {
  # $1: what needs them (for messages); the rest: COMMAND:PACKAGE pairs — the package is wanted
  # when the command is missing. Checking commands rather than package names lets an equivalent
  # install count (e.g. a CI runner's runc that came with its container engine).
  local why="$1" pair missing=()
  shift
  for pair in "$@"; do
    banyan_has_command "${pair%%:*}" && continue
    case " ${missing[*]} " in *" ${pair#*:} "*) ;; *) missing+=("${pair#*:}") ;; esac
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  local apt=()
  if [ "$(id -u)" -eq 0 ]; then
    apt=(env DEBIAN_FRONTEND=noninteractive)
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    apt=(sudo env DEBIAN_FRONTEND=noninteractive)
  fi
  if [ ${#apt[@]} -eq 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "error: $why needs these Debian packages, which are not installed:" >&2
    echo "         ${missing[*]}" >&2
    echo "       Install them as root (apt-get install ${missing[*]}) and run this again." >&2
    return 1
  fi
  echo "Installing for $why: ${missing[*]}" >&2
  # A fresh machine has no package lists yet, and an old list may name versions the mirror no
  # longer has: refresh before installing.
  "${apt[@]}" apt-get update -qq >&2
  "${apt[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
