#!/usr/bin/env bash
# Runs a command with WebGPU (Dawn) able to find a Vulkan driver: keeps an existing
# VK_ICD_FILENAMES (a real GPU), else uses SwiftShader from Debian's chromium package.
if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -f /usr/lib/chromium/vk_swiftshader_icd.json ]; then
  export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
  # chromium ships its own libvulkan; the system one (libvulkan1) may be absent.
  export LD_LIBRARY_PATH="/usr/lib/chromium${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
exec "$@"
