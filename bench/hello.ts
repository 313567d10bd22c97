/**
 * The ceiling: a bare node:http server answering every request with the same ~600-byte SOAP response,
 * after reading the request body as the emulator must. Started by bench/run.ts as a child process; it
 * prints the same first banner line as the emulator so both are started the same way.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const BODY = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:nfpsp="http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd">' +
    '<soapenv:Body><nfpsp:verifyPaymentNoticeRes><outcome>OK</outcome><paymentList><paymentOptionDescription>' +
    '<amount>10.00</amount><options>EQ</options><dueDate>2026-12-31</dueDate></paymentOptionDescription></paymentList>' +
    '<paymentDescription>Avviso sintetico 302110000000000101</paymentDescription><fiscalCodePA>66666666666</fiscalCodePA>' +
    '<companyName>Comune di Test</companyName><officeName>Ufficio Tributi</officeName></nfpsp:verifyPaymentNoticeRes>' +
    '</soapenv:Body></soapenv:Envelope>',
);

const server = http.createServer((req, res) => {
  // the same CPU figure the emulator gives on GET /admin/process, for the µs-per-request column
  if (req.method === 'GET' && req.url === '/admin/process') {
    const cpu = process.cpuUsage();
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return void res.end(JSON.stringify({ pid: process.pid, cpuMicros: { user: cpu.user, system: cpu.system, total: cpu.user + cpu.system } }));
  }
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': BODY.length });
    res.end(BODY);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`hello listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
