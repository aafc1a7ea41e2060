/** The command line of a bench: `--name value` options and `--flag` switches after the script. */
const ARGS = process.argv.slice(2);

/** The text after `name`, or undefined when the option is not given. */
export function textArg(name: string): string | undefined {
  const i = ARGS.indexOf(name);
  return i >= 0 ? ARGS[i + 1] : undefined;
}

/** The number after `name`, or `def` when the option is not given. */
export function numberArg(name: string, def: number): number {
  const i = ARGS.indexOf(name);
  return i >= 0 ? Number(ARGS[i + 1]) : def;
}

/** True when the switch `name` is given. */
export function flag(name: string): boolean {
  return ARGS.includes(name);
}
