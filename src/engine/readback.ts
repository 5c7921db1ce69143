interface Slot {
  buffer: GPUBuffer;
  /** Settles when the read-back holding this slot is done; null while the slot is free. */
  busy: Promise<void> | null;
}

/**
 * A small pool of MAP_READ staging buffers: a read-back takes a free one (or waits for the oldest
 * in flight), so the queue keeps running while earlier results are being mapped.
 */
export class StagingPool {
  private readonly slots: Slot[] = [];

  constructor(private readonly device: GPUDevice, private readonly depth = 2) {}

  /** Copies into one staging buffer (`encode`), submits, maps and returns the bytes. */
  async read(bytes: number, encode: (encoder: GPUCommandEncoder, staging: GPUBuffer) => void): Promise<ArrayBuffer> {
    const { slot, release } = await this.claim(bytes);
    try {
      const encoder = this.device.createCommandEncoder({ label: 'read-back' });
      encode(encoder, slot.buffer);
      this.device.queue.submit([encoder.finish()]);
      await slot.buffer.mapAsync(GPUMapMode.READ, 0, bytes);
      const out = slot.buffer.getMappedRange(0, bytes).slice(0);
      slot.buffer.unmap();
      return out;
    } finally {
      release();
    }
  }

  /** Finds a free slot and marks it busy in the same synchronous step, so that two read-backs
   * waking from the same wait can never map one buffer twice. */
  private async claim(bytes: number): Promise<{ slot: Slot; release: () => void }> {
    const size = Math.max(256, Math.ceil(bytes / 256) * 256);
    for (;;) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.depth) {
        slot = { buffer: this.create(size), busy: null };
        this.slots.push(slot);
      }
      if (slot) {
        if (slot.buffer.size < size) {
          slot.buffer.destroy();
          slot.buffer = this.create(size);
        }
        let done!: () => void;
        slot.busy = new Promise((resolve) => (done = resolve));
        const claimed = slot;
        return { slot, release: () => { claimed.busy = null; done(); } };
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
