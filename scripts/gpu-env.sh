#!/usr/bin/env bash
# Runs a command with WebGPU (Dawn for Node) able to find a Vulkan driver. An existing
# VK_ICD_FILENAMES (a real GPU) is kept. Otherwise both CPU drivers are listed: SwiftShader (from
# Debian's chromium: what a browser without a GPU runs) and, where Mesa ≥ 25 is installed
# (bookworm-backports; Debian 12's own Mesa 22 is refused by Dawn), lavapipe, which runs the
# kernels several times faster but compiles them slower. WEBGPU_ADAPTER picks one by name
# (tests/support/gpu.ts): lavapipe by default; vitest.config.ts names SwiftShader per project.
if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -f /usr/lib/chromium/vk_swiftshader_icd.json ]; then
  icds=/usr/lib/chromium/vk_swiftshader_icd.json
  adapter=SwiftShader
  mesa=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | cut -d. -f1)
  if [ -f /usr/share/vulkan/icd.d/lvp_icd.json ] && [ "${mesa:-0}" -ge 25 ] 2>/dev/null; then
    icds="$icds:/usr/share/vulkan/icd.d/lvp_icd.json"
    adapter=llvmpipe
  fi
  export VK_ICD_FILENAMES="$icds"
  export WEBGPU_ADAPTER="${WEBGPU_ADAPTER:-$adapter}"
  # chromium ships its own libvulkan; the system one (libvulkan1) may be absent.
  export LD_LIBRARY_PATH="/usr/lib/chromium${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
exec "$@"
