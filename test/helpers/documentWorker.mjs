// Validates whole XML documents against an XSD file with libxml2 (the emulator's run-time validator), in a
// worker thread: libxml2-wasm is ESM with top-level await, which jest's CommonJS sandbox cannot import.
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';

xmlRegisterFsInputProviders();
const validators = new Map();
const validatorFor = (file) => {
  if (!validators.has(file)) validators.set(file, XsdValidator.fromDoc(XmlDocument.fromBuffer(fs.readFileSync(file), { url: file })));
  return validators.get(file);
};

function check(xsd, xml) {
  const validator = validatorFor(xsd);
  const doc = XmlDocument.fromString(xml);
  try {
    validator.validate(doc);
    return { valid: true, messages: [] };
  } catch (err) {
    return { valid: false, messages: (err.details ?? []).map((d) => d.message.trim()) };
  } finally {
    doc.dispose();
  }
}

parentPort.on('message', ({ id, xsd, xml }) => {
  try {
    parentPort.postMessage({ id, ...check(xsd, xml) });
  } catch (err) {
    parentPort.postMessage({ id, error: err.message });
  }
});
