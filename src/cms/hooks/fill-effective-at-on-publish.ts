import type { FieldHook } from 'payload';

/** An empty "effective at" means "from publication": the published version records that moment. */
export const fillEffectiveAtOnPublish: FieldHook = ({ data, value }) =>
  !value && data?._status === 'published' ? new Date().toISOString() : value;
