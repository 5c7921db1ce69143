import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/** After the run: the ten slowest test files, their project and their time (collect + tests),
 * and each project's total, so a slow suite says where its time goes. */
export default class SlowestFilesReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const rows = modules.map((m) => {
      const d = m.diagnostic();
      return { file: relative(process.cwd(), m.moduleId), project: m.project.name, seconds: (d.collectDuration + d.duration) / 1000 };
    });
    const byProject = new Map<string, { files: number; tests: number; seconds: number }>();
    for (const m of modules) {
      const p = byProject.get(m.project.name) ?? { files: 0, tests: 0, seconds: 0 };
      const d = m.diagnostic();
      p.files++;
      p.tests += [...m.children.allTests()].length;
      p.seconds += (d.collectDuration + d.duration) / 1000;
      byProject.set(m.project.name, p);
    }
    const lines = ['', 'Slowest test files:'];
    for (const r of rows.sort((a, b) => b.seconds - a.seconds).slice(0, 10)) {
      lines.push(`  ${r.seconds.toFixed(1).padStart(7)} s  ${r.project.padEnd(12)} ${r.file}`);
    }
    lines.push('Per project (file time summed over workers):');
    for (const [name, p] of byProject) lines.push(`  ${name.padEnd(12)} ${String(p.files).padStart(3)} files ${String(p.tests).padStart(5)} tests ${p.seconds.toFixed(1).padStart(8)} s`);
    console.log(lines.join('\n'));
  }
}
