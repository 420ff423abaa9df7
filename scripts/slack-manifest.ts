// `npm run slack:manifest [-- --socket-mode | --url https://host] [--oauth] [--name Sitrep]`: prints a Slack app
// manifest (JSON) generated from the command registry, ready to paste at https://api.slack.com/apps → "From a manifest".
import { commands } from '../commands/registry.ts';
import { buildSlackManifest } from '../src/adapters/slack/manifest.ts';
import { loadConfig } from '../src/config.ts';
import { ConfigError, isUserError } from '../src/core/errors.ts';

const USAGE = 'Usage: npm run slack:manifest -- [--socket-mode | --url https://your-host] [--oauth] [--name Sitrep]';

function main(argv: string[]): number {
  const config = loadConfig(process.env);
  let socketMode = Boolean(config.slack.appToken);
  let publicUrl = config.slack.publicUrl;
  let oauth = Boolean(config.slack.clientId);
  let name: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value.\n${USAGE}`);
      return v;
    };
    if (arg === '--socket-mode') socketMode = true;
    else if (arg === '--http') socketMode = false;
    else if (arg === '--url') {
      publicUrl = value();
      if (!/^https?:\/\/\S+$/.test(publicUrl)) throw new Error(`--url must be an http(s) URL; got "${publicUrl}".`);
      if (!argv.includes('--socket-mode')) socketMode = false;
    } else if (arg === '--oauth') oauth = true;
    else if (arg === '--name') name = value();
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      return 0;
    } else throw new Error(`Unknown option ${arg}.\n${USAGE}`);
  }
  const manifest = buildSlackManifest(commands, { socketMode, publicUrl, oauth, ...(name ? { name } : {}) });
  console.log(JSON.stringify(manifest, null, 2));
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  if (err instanceof ConfigError) console.error(`slack:manifest: ${err.message}`);
  else if (isUserError(err)) console.error(`slack:manifest: ${err.message}${err.hint ? `\n${err.hint}` : ''}`);
  else console.error(`slack:manifest: ${(err as Error).message}`);
  process.exitCode = 2;
}
