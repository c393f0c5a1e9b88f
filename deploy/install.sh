#!/usr/bin/env bash
# Installs BodyCamDevice on Raspberry Pi OS (bookworm) from the unpacked release tarball.
#   sudo ./install.sh [--dry-run] [--root DIR] [--apply-pwm-overlay]
#
#   --dry-run            print every step and command, change nothing (the configuration is still
#                        checked for real, with the packaged executable)
#   --root DIR           install the files under DIR instead of / (staging an image, tests);
#                        commands that act on the running system (apt-get, users, chgrp, systemctl)
#                        are printed, not run
#   --apply-pwm-overlay  add dtoverlay=pwm,pin=13,func=4 to config.txt when it is missing
#                        (otherwise install.sh only reminds you); takes effect after a reboot
#
# The tarball holds: app/ (the self-contained linux-arm64 build), bodycam.service, bodycam.json
# (the default configuration), INSTALL.md and this script. See INSTALL.md (docs/install.md).
# An existing /etc/bodycam/bodycam.json is never overwritten; a configuration that
# `bodycam config check` rejects stops the install before the service is enabled.
set -euo pipefail

readonly APP_DIR=/opt/bodycam
readonly CONFIG_DIR=/etc/bodycam
readonly CONFIG_FILE=/etc/bodycam/bodycam.json
readonly UNIT_FILE=/etc/systemd/system/bodycam.service
readonly DROP_IN_FILE=/etc/systemd/system/bodycam.service.d/recordings.conf
readonly STATE_DIR=/var/lib/bodycam
readonly SERVICE=bodycam.service
readonly SERVICE_USER=bodycam
# gpio: GPIO chips and PWM sysfs; video: camera nodes; audio: microphone; i2c: RTC; dialout: GNSS.
readonly SERVICE_GROUPS=(gpio video audio i2c dialout)
readonly PWM_OVERLAY="dtoverlay=pwm,pin=13,func=4"
readonly RTC_RULE_FILE=/etc/udev/rules.d/60-bodycam-rtc.rules
# The kernel's RTC devices are root's alone; the service sets the one it names at the dock.
readonly RTC_RULE='SUBSYSTEM=="rtc", KERNEL=="rtc[0-9]*", GROUP="i2c", MODE="0660"'
readonly PLACEHOLDER_SERIAL=BC-000000

package_dir=$(cd "$(dirname "$0")" && pwd)
dry_run=0
root=""
apply_pwm_overlay=0

usage() {
  sed -n '3,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit "${1:-2}"
}

while (($#)); do
  case "$1" in
    --dry-run) dry_run=1 ;;
    --root)
      [[ $# -ge 2 && -n "$2" ]] || { echo "install.sh: --root needs a directory" >&2; exit 2; }
      root=$(realpath -m "$2")
      shift
      ;;
    --apply-pwm-overlay) apply_pwm_overlay=1 ;;
    -h | --help) usage 0 ;;
    *) echo "install.sh: unknown option '$1'" >&2; usage ;;
  esac
  shift
done

# --- printing and running -------------------------------------------------------------------

step() { printf '\n== %s\n' "$*"; }
note() { printf '   %s\n' "$*"; }

quote() {
  local argument
  for argument in "$@"; do
    if [[ "$argument" =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then
      printf ' %s' "$argument"
    else
      printf " '%s'" "${argument//\'/\'\\\'\'}"
    fi
  done
}

# A command on the installed files: printed, then run unless --dry-run.
run() {
  printf '+%s\n' "$(quote "$@")"
  ((dry_run)) || "$@"
}

# A command on the running system (packages, users, ownership, systemd): printed, then run unless
# --dry-run or --root.
run_on_system() {
  if [[ -n "$root" ]]; then
    printf '+%s   # not run with --root\n' "$(quote "$@")"
  else
    run "$@"
  fi
}

# Appends a line to a file: printed as the shell line it amounts to.
append_line() {
  printf '+ printf %%s\\n%s >>%s\n' "$(quote "$1")" "$(quote "$2")"
  ((dry_run)) || printf '%s\n' "$1" >>"$2"
}

fail() {
  printf '\ninstall.sh: %s\n' "$*" >&2
  exit 1
}

# --- reading the configuration --------------------------------------------------------------

# The settings install.sh acts on, read once from the configuration in effect. The defaults are
# the firmware's (DeviceOptions). The firmware's reader allows comments and trailing commas, so
# they are dropped (outside strings) before Python's json reads the file. The system's Python:
# Raspberry Pi OS ships it; without it the defaults stand.
camera_source=RpiCam
beeper_kind=PassivePiezo
recordings_directory="$STATE_DIR/recordings"
audit_path=audit.jsonl
device_serial=""
rtc_kernel_device=""
read_config_settings() {
  local python=/usr/bin/python3
  [[ -x "$python" ]] || python=$(command -v python3) || {
    note "python3 is missing: assuming the default camera, beeper and recordings folder"
    return
  }
  local values
  values=$("$python" - "$effective_config" \
    Camera.Source "$camera_source" Pins.Beeper.Kind "$beeper_kind" \
    Recording.Directory "$recordings_directory" Audit.Path "$audit_path" \
    Identity.DeviceSerial "$device_serial" Rtc.KernelDevice "$rtc_kernel_device" <<'PYTHON'
import json, re, sys
path, pairs = sys.argv[1], sys.argv[2:]
with open(path, encoding="utf-8-sig") as file:
    text = file.read()
token = re.compile(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*[\s\S]*?\*/|,(?=\s*[}\]])')
config = json.loads(token.sub(lambda match: match.group(1) or "", text))
for field, default in zip(pairs[::2], pairs[1::2]):
    value = config
    for part in field.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    print(default if value is None else value)
PYTHON
  )
  {
    read -r camera_source
    read -r beeper_kind
    read -r recordings_directory
    read -r audit_path
    read -r device_serial
    # The last: when empty, $(...) dropped its line, and read reaches the end.
    read -r rtc_kernel_device || true
  } <<<"$values"
}

# --- the steps ------------------------------------------------------------------------------

target() { printf '%s%s' "$root" "$1"; }

check_package() {
  local file
  for file in app/bodycam bodycam.service bodycam.json; do
    [[ -e "$package_dir/$file" ]] || fail "$package_dir/$file is missing: run install.sh from the unpacked bodycam-<rid>.tar.gz"
  done
  [[ -x "$package_dir/app/bodycam" ]] || fail "$package_dir/app/bodycam is not executable"
  if ((!dry_run)) && [[ -z "$root" && $(id -u) -ne 0 ]]; then
    fail "run as root (sudo ./install.sh), or with --dry-run to see the steps"
  fi
}

# The configuration the service will run with: the one already installed, else the default.
effective_config=""
choose_config() {
  step "check the configuration"
  if [[ -f "$(target "$CONFIG_FILE")" ]]; then
    effective_config=$(target "$CONFIG_FILE")
    [[ -r "$effective_config" ]] || fail "cannot read $CONFIG_FILE: run as root"
    note "$CONFIG_FILE exists and is kept as it is"
  else
    effective_config="$package_dir/bodycam.json"
    note "$CONFIG_FILE is missing: the default configuration will be installed"
  fi
  # Read-only, so it runs even with --dry-run: nothing is changed for a configuration the
  # firmware would refuse.
  printf '+%s\n' "$(quote "$package_dir/app/bodycam" config check "$effective_config")"
  local status=0
  "$package_dir/app/bodycam" config check "$effective_config" || status=$?
  if ((status == 126 || status == 127)); then
    fail "cannot run $package_dir/app/bodycam here (exit $status): is this tarball built for this machine's architecture (uname -m: $(uname -m))?"
  elif ((status != 0)); then
    fail "bodycam config check rejected $effective_config: nothing was installed and the service is not enabled; fix the configuration and run install.sh again"
  fi
}

install_packages() {
  step "install Debian packages"
  # ffmpeg encodes; its watermark draws with DejaVu Sans Mono; libgpiod2 is the libgpiod 1.x library
  # System.Device.Gpio's driver loads.
  local packages=(ffmpeg fonts-dejavu-core libgpiod2) missing=() package
  if [[ "${camera_source,,}" == "rpicam" ]]; then
    packages+=(rpicam-apps)
    note "Camera.Source is $camera_source: the Pi camera needs rpicam-apps (rpicam-vid)"
  else
    note "Camera.Source is $camera_source: rpicam-apps is not needed"
  fi
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  ((${#missing[@]} == 0)) || run_on_system apt-get update
  run_on_system env DEBIAN_FRONTEND=noninteractive apt-get install -y "${packages[@]}"
}

create_user() {
  step "create the service user $SERVICE_USER"
  local group
  for group in "${SERVICE_GROUPS[@]}"; do
    getent group "$group" >/dev/null || run_on_system groupadd --system "$group"
  done
  if getent passwd "$SERVICE_USER" >/dev/null; then
    note "user $SERVICE_USER exists"
  else
    run_on_system useradd --system --user-group --home-dir "$STATE_DIR" --no-create-home \
      --shell /usr/sbin/nologin --comment "BodyCamDevice firmware" "$SERVICE_USER"
  fi
  local groups
  groups=$(IFS=,; echo "${SERVICE_GROUPS[*]}")
  run_on_system usermod --append --groups "$groups" "$SERVICE_USER"
}

install_application() {
  step "install the firmware into $APP_DIR"
  # A fresh copy next to the old one, then swapped in, so no file of an older version lingers.
  # cp without -p: files belong to root whoever unpacked the tarball.
  local app new old
  app=$(target "$APP_DIR")
  new="$app.new"
  old="$app.old"
  run mkdir -p "$(dirname "$app")"
  run rm -rf "$new" "$old"
  run cp -R "$package_dir/app" "$new"
  [[ ! -f "$package_dir/INSTALL.md" ]] || run cp "$package_dir/INSTALL.md" "$new/INSTALL.md"
  if [[ -e "$app" ]]; then
    run mv "$app" "$old"
  fi
  run mv "$new" "$app"
  run rm -rf "$old"
}

install_config() {
  step "install the configuration $CONFIG_FILE"
  local config
  config=$(target "$CONFIG_FILE")
  run install -d -m 0750 "$(target "$CONFIG_DIR")"
  run_on_system chgrp "$SERVICE_USER" "$(target "$CONFIG_DIR")"
  if [[ -e "$config" ]]; then
    note "$CONFIG_FILE exists: not overwritten"
  else
    run install -m 0640 "$package_dir/bodycam.json" "$config"
    run_on_system chgrp "$SERVICE_USER" "$config"
  fi
  # The packaged default's serial is a placeholder: two cameras with it would name their
  # recordings alike.
  if [[ "$device_serial" == "$PLACEHOLDER_SERIAL" ]]; then
    note "WARNING: Identity.DeviceSerial is the placeholder $PLACEHOLDER_SERIAL: give this camera its own"
    note "serial (and Identity.OfficerId) in $CONFIG_FILE, then: systemctl restart $SERVICE"
  fi
}

install_unit() {
  step "install the systemd unit $UNIT_FILE"
  run install -D -m 0644 "$package_dir/bodycam.service" "$(target "$UNIT_FILE")"
  # ProtectSystem=strict leaves only /var/lib/bodycam writable; recordings or an audit log kept
  # elsewhere (an SD card, a USB disk) get a drop-in that makes their folder writable.
  local writable=() folder
  for folder in "$recordings_directory" "$(dirname "$audit_path")"; do
    [[ "$folder" == /* ]] || continue # relative: bodycam puts it under $STATE_DIRECTORY, /var/lib/bodycam
    [[ "$folder/" == "$STATE_DIR/"* ]] && continue
    writable+=("$folder")
  done
  local drop_in
  drop_in=$(target "$DROP_IN_FILE")
  if ((${#writable[@]} == 0)); then
    note "recordings and audit log are under $STATE_DIR"
    [[ ! -e "$drop_in" ]] || run rm -f "$drop_in"
    return
  fi
  for folder in "${writable[@]}"; do
    run mkdir -p "$(target "$folder")"
    run_on_system chown "$SERVICE_USER:$SERVICE_USER" "$(target "$folder")"
  done
  run mkdir -p "$(dirname "$drop_in")"
  local lines="[Service]"
  for folder in "${writable[@]}"; do
    lines+=$'\n'"ReadWritePaths=$folder"
  done
  printf '+ cat >%s <<EOF\n%s\nEOF\n' "$(quote "$drop_in")" "$lines"
  ((dry_run)) || printf '%s\n' "$lines" >"$drop_in"
}

configure_pwm() {
  step "PWM for the piezo beeper"
  local boot_config="" candidate
  if [[ "${beeper_kind,,}" != "passivepiezo" ]]; then
    note "Pins.Beeper.Kind is $beeper_kind: no PWM overlay needed"
    return
  fi
  for candidate in /boot/firmware/config.txt /boot/config.txt; do
    if [[ -f "$(target "$candidate")" ]]; then
      boot_config="$candidate"
      break
    fi
  done
  if [[ -z "$boot_config" ]]; then
    note "no /boot/firmware/config.txt or /boot/config.txt: not a Raspberry Pi OS system?"
    note "the piezo beeper needs '$PWM_OVERLAY' in config.txt"
    return
  fi
  if grep -qxF "$PWM_OVERLAY" "$(target "$boot_config")"; then
    note "$boot_config has $PWM_OVERLAY"
  elif ((apply_pwm_overlay)); then
    append_line "$PWM_OVERLAY" "$(target "$boot_config")"
    note "reboot for the PWM overlay to take effect"
  else
    note "REMINDER: the piezo beeper needs '$PWM_OVERLAY' in $boot_config"
    note "add it and reboot, or run install.sh again with --apply-pwm-overlay"
  fi
}

# Rtc.KernelDevice set: the firmware sets that RTC once the dock has set the clock, which needs
# the device open for writing by the service (its i2c group). Unset: no rule, and an earlier one goes.
configure_rtc_access() {
  step "access to the RTC for the service"
  local rule
  rule=$(target "$RTC_RULE_FILE")
  if [[ -z "$rtc_kernel_device" ]]; then
    note "Rtc.KernelDevice is empty: no RTC is set at the dock, no udev rule needed"
    [[ ! -e "$rule" ]] || run rm -f "$rule"
    return
  fi
  run mkdir -p "$(dirname "$rule")"
  printf '+ cat >%s <<EOF\n%s\nEOF\n' "$(quote "$rule")" "$RTC_RULE"
  ((dry_run)) || printf '%s\n' "$RTC_RULE" >"$rule"
  # Applied to the RTC already there, so no reboot is needed.
  run_on_system udevadm control --reload-rules
  run_on_system udevadm trigger --subsystem-match=rtc --action=change
  note "Rtc.KernelDevice is $rtc_kernel_device: the i2c group (the service) may set it"
}

verify_installed_config() {
  step "check the installed configuration"
  local status=0
  if [[ -n "$root" ]]; then
    run "$(target "$APP_DIR")/bodycam" config check "$(target "$CONFIG_FILE")" || status=$?
  else
    # As the service user, so a file it cannot read fails here rather than at start.
    run runuser -u "$SERVICE_USER" -- "$APP_DIR/bodycam" config check "$CONFIG_FILE" || status=$?
  fi
  ((status == 0)) || fail "bodycam config check rejected $CONFIG_FILE: the service is installed but NOT enabled; fix the configuration and run install.sh again"
}

enable_service() {
  step "enable and start $SERVICE"
  local was_active=0
  if [[ -z "$root" ]] && systemctl is-active --quiet "$SERVICE" 2>/dev/null; then
    was_active=1
  fi
  run_on_system systemctl daemon-reload
  run_on_system systemctl enable --now "$SERVICE"
  # enable --now does not restart a service that is running: an upgrade needs the restart.
  ((was_active == 0)) || run_on_system systemctl restart "$SERVICE"
  note "follow it with: journalctl -u bodycam -f"
}

check_package
((dry_run == 0)) || note "dry run: printing the steps, changing nothing"
choose_config
read_config_settings
install_packages
create_user
install_application
install_config
install_unit
configure_pwm
configure_rtc_access
verify_installed_config
enable_service
step "done"
