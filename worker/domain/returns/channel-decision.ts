/** What a channel's word about its own return does to our RMA. */
import { checkReturnTransition } from './return-status';

export type ChannelReturnEvent = 'requested' | 'approved' | 'declined' | 'cancelled' | 'closed';

export type ChannelMove =
  | { move: 'approved' | 'rejected' | 'cancelled' | 'closed' }
  | { move: null; reason: string };

const TARGET: Record<
  Exclude<ChannelReturnEvent, 'requested'>,
  'approved' | 'rejected' | 'cancelled' | 'closed'
> = {
  approved: 'approved',
  declined: 'rejected',
  cancelled: 'cancelled',
  closed: 'closed',
};

/**
 * The move the channel's event asks for, when the status machine allows it from where the RMA is. Every
 * move leads away from `requested` and none comes back, so an event older than the RMA's state is refused
 * here rather than undoing what a newer event (or a person) decided.
 */
export function channelMove(event: ChannelReturnEvent, status: string): ChannelMove {
  if (event === 'requested') return { move: null, reason: 'the return is already here' };
  const to = TARGET[event];
  if (status === to) return { move: null, reason: `the return is already ${to}` };
  return checkReturnTransition(status, to).ok
    ? { move: to }
    : { move: null, reason: `a return that is ${status} cannot become ${to}` };
}
