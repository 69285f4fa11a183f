# Sourced by Banyan's scripts: installs missing Debian packages the way a fresh machine allows —
# apt-get as root, through sudo when that needs no password — or stops with the list to install.

banyan_install_packages() {
  # $1: what needs them (for messages); the rest: Debian package names, all of which must end up
  # installed. Already-installed ones are skipped, so this is cheap on a prepared machine.
  local why="$1"
  shift
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
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
    echo "       Install them (as root: apt-get install ${missing[*]}) and run this again." >&2
    return 1
  fi
  echo "Installing for $why: ${missing[*]}" >&2
  # A machine that never ran apt-get update has no package lists; an old list may name versions
  # the mirror no longer has, so refresh once per call that has something to install.
  "${apt[@]}" apt-get update -qq >&2
  "${apt[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
