'use client';
import { Button, useDocumentInfo } from '@payloadcms/ui';
import { useState } from 'react';

/** Makes a new client secret and shows it this once: Mixx keeps only its hash. */
export function PartnerSecretButton() {
  const { id } = useDocumentInfo();
  const [secret, setSecret] = useState<string | null>(null);
  const [state, setState] = useState<'idle' | 'working' | 'failed'>('idle');
  if (!id) return <p>Save the partner first; then create its client secret.</p>;
  const create = async () => {
    if (!window.confirm('Create a new client secret? The current one stops working at once.')) return;
    setState('working');
    const response = await fetch(`/api/partners/${id}/secret`, { method: 'POST', credentials: 'include' });
    if (!response.ok) return setState('failed');
    setSecret(((await response.json()) as { clientSecret: string }).clientSecret);
    setState('idle');
  };
  return (
    <div>
      <Button buttonStyle="secondary" disabled={state === 'working'} onClick={create} id="create-partner-secret">
        Create a new secret
      </Button>
      {secret && (
        <p>
          Copy it now and give it to the partner; it is not shown again:
          <br />
          <code id="partner-secret">{secret}</code>
        </p>
      )}
      {state === 'failed' && <p>The secret could not be created. Try again.</p>}
    </div>
  );
}
