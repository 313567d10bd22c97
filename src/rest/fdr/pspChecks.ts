import type { Registry } from '../../nodo/registry';
import type { FlowSender } from '../../store/reportingFlows';
import { isIsoDate } from './fdrBinding';
import { FdrError } from './fdrErrors';

/**
 * FDR's registry and flow-name checks (spec reporting.md §2, §3.2), each throwing its FDR-2xxx/3xxx code.
 * The registry is the node's own (pagopa-node.md §7): PSPs, PSP brokers, channels, PSP–channel associations
 * and creditor institutions.
 */
export function checkPsp(reg: Registry, pspId: string): void {
  const psp = reg.psp(pspId);
  if (!psp) throw new FdrError('FDR-2000', [pspId]);
  if (!psp.enabled) throw new FdrError('FDR-2001', [pspId]);
}

/** Create, steps 3–4: the sender's broker, then its channel, the channel's broker and the PSP–channel pair. */
export function checkBrokerAndChannel(reg: Registry, pspId: string, sender: FlowSender): void {
  const broker = reg.doc.pspBrokers.find((b) => b.brokerPspCode === sender.pspBrokerId);
  if (!broker) throw new FdrError('FDR-2002', [sender.pspBrokerId]);
  if (!broker.enabled) throw new FdrError('FDR-2003', [sender.pspBrokerId]);
  const channel = reg.channel(sender.channelId);
  if (!channel) throw new FdrError('FDR-2004', [sender.channelId]);
  if (!channel.enabled) throw new FdrError('FDR-2005', [sender.channelId]);
  if (channel.brokerPspCode !== sender.pspBrokerId) throw new FdrError('FDR-2006', [sender.channelId, sender.pspBrokerId]);
  if (!reg.doc.pspChannels.some((pc) => pc.pspCode === pspId && pc.channelCode === sender.channelId)) throw new FdrError('FDR-2007', [sender.channelId, pspId]);
}

export function checkEc(reg: Registry, orgId: string): void {
  const ec = reg.creditorInstitution(orgId);
  if (!ec) throw new FdrError('FDR-2008', [orgId]);
  if (!ec.enabled) throw new FdrError('FDR-2009', [orgId]);
}

/** `<yyyy-MM-dd><pspId>-<free>`: a strict date in the first ten characters (3008), then the PSP (3009). */
export function checkFlowName(name: string, pspId: string): void {
  if (name.length < 10 || !isIsoDate(name.slice(0, 10))) throw new FdrError('FDR-3008', [name]);
  if (!name.slice(10).startsWith(`${pspId}-`)) throw new FdrError('FDR-3009', [name]);
}
