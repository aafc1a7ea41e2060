/** The lines `npm start` prints for people for one line of the server's JSON log (scripts/startGuide.mjs). */
export function guideFor(line: string, elapsedMs: number): string[] | undefined;
