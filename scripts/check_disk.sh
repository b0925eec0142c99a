#!/usr/bin/env bash
# Fails early, with one clear message, when a folder's file system has less free space than a job
# needs, instead of letting the job die half-way with "No space left on device".
# usage: check_disk.sh DIR GIB WHAT   (DIR, or the nearest existing folder above it)
set -euo pipefail
dir=$1 need_gib=$2 what=$3
while [[ ! -d $dir ]]; do dir=$(dirname "$dir"); done
free_kib=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
free_gib=$(awk -v k="$free_kib" 'BEGIN { printf "%.1f", k / 1048576 }')
if awk -v k="$free_kib" -v g="$need_gib" 'BEGIN { exit !(k < g * 1048576) }'; then
  echo "error: $what needs about $need_gib GiB free in $dir; only $free_gib GiB are free there." >&2
  echo "       Free some space (old build folders, /tmp) and run again." >&2
  exit 1
fi
echo "[disk] $dir: $free_gib GiB free ($what needs about $need_gib GiB)"
