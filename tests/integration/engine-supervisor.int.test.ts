/**
 * The engine supervisor over real processes: an engine that dies on every start is not respawned in a
 * tight loop; callers get engine_unavailable at once while it backs off, and the engine comes back once it
 * starts again. The host here is a stand-in (tests/fixtures/engine-hosts) that crashes on start on demand.
 */
import { writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/project-paths';
import { EngineSupervisor } from '../../server/stores/kuzu/engine-process/engine-supervisor';
import type { KuzuStoreOptions } from '../../server/stores/kuzu/kuzu-graph-store';
import { makeTempDir, removeTempDirs } from '../support/temp-dirs';

afterAll(removeTempDirs);

test('an engine that crashes on every start is backed off and answered engine_unavailable, then comes back', async () => {
  const crashFile = path.join(makeTempDir(), 'crash');
  const logged: string[] = [];
  const supervisor = await EngineSupervisor.start({
    host: { store: { dataDir: makeTempDir(), crashFile } as KuzuStoreOptions },
    launch: { modulePath: path.join(PROJECT_ROOT, 'tests', 'fixtures', 'engine-hosts', 'crash-on-start-host.js'), execArgv: [] },
    log: (m) => logged.push(m),
  });
  try {
    const first = await supervisor.connection();
    expect(await first.call('ping', []).result).toBe('pong');

    writeFileSync(crashFile, '');
    first.child.kill('SIGKILL');
    await expect(first.exited).resolves.toMatchObject({ signal: 'SIGKILL' });
    // Callers wait through the first failed starts, then are answered at once while the supervisor backs off.
    await expect(supervisor.connection()).rejects.toMatchObject({ code: 'engine_unavailable', message: expect.stringMatching(/stopped 3 times in a row while starting/) });
    const failedStarts = logged.filter((m) => m.includes('did not start')).length;
    expect(failedStarts).toBe(3);
    await expect(supervisor.connection()).rejects.toMatchObject({ code: 'engine_unavailable' });
    expect(supervisor.restarts).toBe(1);

    rmSync(crashFile);
    let back: Awaited<ReturnType<EngineSupervisor['connection']>> | undefined;
    while (!back) {
      back = await supervisor.connection().catch(() => undefined);
      if (!back) await new Promise((r) => setTimeout(r, 100));
    }
    expect(await back.call('ping', []).result).toBe('pong');
    expect(back.pid).not.toBe(first.pid);
  } finally {
    await supervisor.close();
  }
}, 30_000);
