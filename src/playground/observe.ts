import type { FakeState } from '../fake-discord/state.js';

/**
 * Calls `changed` with the ids of messages created, edited or deleted, and `worldChanged` when
 * threads appear, from the fake's state events. Reports are batched to the next turn of the event
 * loop: the fake sets some fields (the ephemeral flag) just after creating a message, and the page
 * must see the finished message.
 */
export function observe(state: FakeState, changed: (ids: string[]) => void, worldChanged: () => void): void {
  const dirty = new Set<string>();
  let world = false;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const ids = [...dirty];
    dirty.clear();
    if (ids.length) changed(ids);
    if (world) {
      world = false;
      worldChanged();
    }
  };
  const later = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };
  state.events.on('message', (message) => {
    dirty.add(message.id);
    later();
  });
  state.events.on('thread', () => {
    world = true;
    later();
  });
}
