/**
 * A small pool of MAP_READ staging buffers: a read-back takes a free one (or waits for the oldest
 * in flight), so the queue keeps running while earlier results are being mapped.
 */
export class StagingPool {
  private readonly slots: { buffer: GPUBuffer; busy: Promise<void> | null }[] = [];

  constructor(private readonly device: GPUDevice, private readonly depth = 2) {}

  /** Copies `copies` into one staging buffer, submits, maps and returns the bytes. */
  async read(bytes: number, encode: (encoder: GPUCommandEncoder, staging: GPUBuffer) => void): Promise<ArrayBuffer> {
    const slot = await this.acquire(bytes);
    const encoder = this.device.createCommandEncoder({ label: 'read-back' });
    encode(encoder, slot.buffer);
    this.device.queue.submit([encoder.finish()]);
    let release!: () => void;
    slot.busy = new Promise((r) => (release = r));
    try {
      await slot.buffer.mapAsync(GPUMapMode.READ, 0, bytes);
      const out = slot.buffer.getMappedRange(0, bytes).slice(0);
      slot.buffer.unmap();
      return out;
    } finally {
      slot.busy = null;
      release();
    }
  }

  private async acquire(bytes: number) {
    const size = Math.max(256, Math.ceil(bytes / 256) * 256);
    for (;;) {
      const free = this.slots.find((s) => !s.busy);
      if (free) {
        if (free.buffer.size < size) {
          free.buffer.destroy();
          free.buffer = this.create(size);
        }
        return free;
      }
      if (this.slots.length < this.depth) {
        const slot = { buffer: this.create(size), busy: null };
        this.slots.push(slot);
        return slot;
      }
      await Promise.race(this.slots.map((s) => s.busy));
    }
  }

  private create(size: number): GPUBuffer {
    return this.device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: 'staging' });
  }

  destroy(): void {
    for (const s of this.slots) s.buffer.destroy();
    this.slots.length = 0;
  }
}
