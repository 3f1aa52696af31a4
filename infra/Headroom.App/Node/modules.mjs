// Finds the npm packages Headroom's Node scripts use (diff-templates.mjs, check-templates.mjs): in the
// repository's node_modules (MODULES_DIR, the scripts' last argument), beside the script, or in the
// working directory. Exits 3 with a hint when a package is missing.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function moduleLoader(modulesDir, scriptUrl) {
  const places = [modulesDir, path.dirname(fileURLToPath(scriptUrl)), process.cwd()].filter(Boolean);
  const find = (name, how) => {
    for (const place of places) {
      try {
        return how(createRequire(path.join(path.resolve(place), 'noop.js')), name);
      } catch (e) {
        if (e.code !== 'MODULE_NOT_FOUND') throw e;
      }
    }
    console.error(`${name} is not installed (looked from ${places.join(', ')}); run npm ci in the repository`);
    process.exit(3);
  };
  return {
    load: (name) => find(name, (req, n) => req(n)),
    resolve: (name) => find(name, (req, n) => req.resolve(n)),
  };
}
