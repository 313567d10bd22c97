import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

/**
 * Xerces (the JDK's javax.xml.validation) as a second, independent XSD validator for the conformance tests:
 * one long-lived `java XsdCheck.java` process per test file, fed one document per line, so a run pays the
 * JVM start once. Only used when crossChecks.available('java'); nothing here is needed to run the emulator.
 */
export interface XercesVerdict {
  valid: boolean;
  /** One message per error, "line:column message" as Xerces words it. */
  messages: string[];
}

let jvm: { child: ChildProcessWithoutNullStreams; waiting: ((answer: string) => void)[] } | undefined;

function start(): NonNullable<typeof jvm> {
  if (jvm) return jvm;
  const child = spawn('java', [path.join(__dirname, 'XsdCheck.java')], { stdio: ['pipe', 'pipe', 'pipe'] });
  const started = { child, waiting: [] as ((answer: string) => void)[] };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  readline.createInterface({ input: child.stdout }).on('line', (line) => started.waiting.shift()?.(line));
  child.on('exit', (code) => {
    // a dead JVM answers every pending request with the reason, rather than leaving the tests hanging
    for (const resolve of started.waiting.splice(0)) resolve(`DIED\t${Buffer.from(`java exited with ${code}: ${stderr}`).toString('base64')}`);
    if (jvm === started) jvm = undefined;
  });
  jvm = started;
  return started;
}

/** Validates `xml` against the schema file `xsd`; throws when the check itself failed (schema, well-formedness, JVM). */
export async function validateWithXerces(xml: string, xsd: string): Promise<XercesVerdict> {
  const { child, waiting } = start();
  const answer = await new Promise<string>((resolve) => {
    waiting.push(resolve);
    child.stdin.write(`${xsd}\t${Buffer.from(xml, 'utf8').toString('base64')}\n`);
  });
  const [kind, payload = ''] = answer.split('\t');
  const text = Buffer.from(payload, 'base64').toString('utf8');
  if (kind === 'VALID') return { valid: true, messages: [] };
  if (kind === 'INVALID') return { valid: false, messages: text.split('\n') };
  throw new Error(`Xerces could not check the document (${kind}): ${text}`);
}

/** Ends the JVM (afterAll of the test file that used it). */
export async function stopXerces(): Promise<void> {
  const running = jvm;
  if (!running) return;
  jvm = undefined;
  await new Promise<void>((resolve) => {
    running.child.once('exit', () => resolve());
    running.child.stdin.end();
  });
}
