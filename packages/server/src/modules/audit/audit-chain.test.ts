import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AuditChainContent,
  auditLinkHash,
  canonicalAuditContent,
  genesisHash,
  linkAuditEvents,
} from './audit-chain';
import { finishChainWalk, type SealedAuditRow, startChainWalk, walkAuditRow } from './chain-verification';

function content(id: number, overrides: Partial<AuditChainContent> = {}): AuditChainContent {
  return {
    id: String(id),
    requestId: `request-${id}`,
    occurredAt: '2026-11-27T10:00:00.123456Z',
    organisationId: '6f1c1d8e-6a53-4c52-9a57-1f1e3f0c2a11',
    environment: 'production',
    actorKind: 'client',
    actorId: 'client-1',
    endUser: null,
    purposeId: '0d4f3b8a-2a1e-4a4b-8f0e-9c7c5d6e7f80',
    caseReference: 'Lieta Nr. 5/2026',
    queryType: 'byPersonalCode',
    searchParameters: ['personalCodes'],
    personId: String(1000 + id),
    personalCode: '010190-10415',
    fields: ['identity.givenNames', 'identity.surname'],
    feeCents: 200,
    ...overrides,
  };
}

/** A sealed chain of `count` records, as the sealer would leave it. */
function sealedChain(count: number): {
  rows: SealedAuditRow[];
  head: { lastPosition: string; lastHash: string };
} {
  const contents = Array.from({ length: count }, (_, index) => content(index + 1));
  const links = linkAuditEvents({ lastPosition: '0', lastHash: genesisHash }, contents);
  const rows = contents.map((row, index) => {
    const link = links[index];
    if (!link) throw new Error('a link per row');
    return { ...row, chainPosition: link.chainPosition, previousHash: link.previousHash, hash: link.hash };
  });
  const last = links.at(-1);
  return { rows, head: { lastPosition: last?.chainPosition ?? '0', lastHash: last?.hash ?? genesisHash } };
}

function verify(rows: readonly SealedAuditRow[], head: { lastPosition: string; lastHash: string }) {
  const walk = startChainWalk();
  for (const row of rows) walkAuditRow(walk, row);
  finishChainWalk(walk, head);
  return walk;
}

describe('linking', () => {
  it('hashes the previous hash bytes followed by the canonical content', () => {
    const row = content(1);
    const expected = createHash('sha256')
      .update(Buffer.alloc(32))
      .update(
        JSON.stringify([
          'fpr-audit/1',
          '1',
          '1',
          'request-1',
          '2026-11-27T10:00:00.123456Z',
          '6f1c1d8e-6a53-4c52-9a57-1f1e3f0c2a11',
          'production',
          'client',
          'client-1',
          null,
          '0d4f3b8a-2a1e-4a4b-8f0e-9c7c5d6e7f80',
          'Lieta Nr. 5/2026',
          'byPersonalCode',
          ['personalCodes'],
          '1001',
          '010190-10415',
          ['identity.givenNames', 'identity.surname'],
          200,
        ]),
      )
      .digest('hex');
    expect(auditLinkHash(genesisHash, '1', row)).toBe(expected);
  });

  it('continues from the head: positions count on, each record links to the one before', () => {
    const first = linkAuditEvents({ lastPosition: '0', lastHash: genesisHash }, [content(1), content(2)]);
    const [one, two] = first;
    expect(one).toMatchObject({ id: '1', chainPosition: '1', previousHash: genesisHash });
    expect(two).toMatchObject({ id: '2', chainPosition: '2', previousHash: one?.hash });
    const next = linkAuditEvents({ lastPosition: '2', lastHash: two?.hash ?? '' }, [content(7)]);
    expect(next).toEqual([
      {
        id: '7',
        chainPosition: '3',
        previousHash: two?.hash,
        hash: auditLinkHash(two?.hash ?? '', '3', content(7)),
      },
    ]);
    expect(linkAuditEvents({ lastPosition: '9', lastHash: genesisHash }, [])).toEqual([]);
  });

  it('tells apart a null and the text "null", and array boundaries', () => {
    expect(canonicalAuditContent('1', content(1, { endUser: null }))).not.toBe(
      canonicalAuditContent('1', content(1, { endUser: 'null' })),
    );
    expect(canonicalAuditContent('1', content(1, { fields: ['a,b'] }))).not.toBe(
      canonicalAuditContent('1', content(1, { fields: ['a', 'b'] })),
    );
  });

  it('puts the position inside the hash, so a record cannot be moved along the chain', () => {
    expect(auditLinkHash(genesisHash, '1', content(1))).not.toBe(auditLinkHash(genesisHash, '2', content(1)));
  });
});

describe('verification', () => {
  it('passes an intact chain and an empty one', () => {
    const { rows, head } = sealedChain(5);
    expect(verify(rows, head)).toMatchObject({ issues: [], checkedCount: 5 });
    expect(verify([], { lastPosition: '0', lastHash: genesisHash }).issues).toEqual([]);
  });

  it('names a changed record by id and position, and blames no other', () => {
    const { rows, head } = sealedChain(5);
    const tampered = rows.map((row) =>
      row.id === '3' ? { ...row, fields: [...row.fields, 'residence'] } : row,
    );
    expect(verify(tampered, head).issues).toEqual([{ kind: 'altered', id: '3', position: '3' }]);
  });

  it('names a removed record by its position, and a removed run as a range', () => {
    const { rows, head } = sealedChain(6);
    expect(
      verify(
        rows.filter((row) => row.id !== '2'),
        head,
      ).issues,
    ).toEqual([{ kind: 'missing', fromPosition: '2', toPosition: '2' }]);
    expect(
      verify(
        rows.filter((row) => !['2', '3', '4'].includes(row.id)),
        head,
      ).issues,
    ).toEqual([{ kind: 'missing', fromPosition: '2', toPosition: '4' }]);
  });

  it('notices a removed tail through the head', () => {
    const { rows, head } = sealedChain(4);
    expect(verify(rows.slice(0, 2), head).issues).toEqual([
      { kind: 'missing', fromPosition: '3', toPosition: '4' },
    ]);
  });

  it('notices a record rewritten with a fresh hash at the next link, or at the head when it is the last', () => {
    const { rows, head } = sealedChain(4);
    const rewrite = (row: SealedAuditRow) => {
      const changed = { ...row, feeCents: 0 };
      return { ...changed, hash: auditLinkHash(row.previousHash, row.chainPosition, changed) };
    };
    const middle = rows.map((row) => (row.id === '2' ? rewrite(row) : row));
    expect(verify(middle, head).issues).toEqual([{ kind: 'brokenLink', id: '3', position: '3' }]);
    const last = rows.map((row) => (row.id === '4' ? rewrite(row) : row));
    expect(verify(last, head).issues).toEqual([{ kind: 'headMismatch', position: '4' }]);
  });

  it('reports several findings in chain order', () => {
    const { rows, head } = sealedChain(8);
    const tampered = rows
      .filter((row) => row.id !== '6')
      .map((row) => (row.id === '2' ? { ...row, personalCode: '150775-11784' } : row));
    expect(verify(tampered, head).issues).toEqual([
      { kind: 'altered', id: '2', position: '2' },
      { kind: 'missing', fromPosition: '6', toPosition: '6' },
    ]);
  });

  it('detects a change to any single field of any record (property)', () => {
    const { rows, head } = sealedChain(6);
    const fields = Object.keys(content(1)) as (keyof AuditChainContent)[];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: rows.length - 1 }),
        fc.constantFrom(...fields),
        fc.string({ minLength: 1, maxLength: 20 }),
        (index, field, text) => {
          const row = rows[index];
          if (!row) return;
          const original = row[field];
          const changedValue = Array.isArray(original)
            ? [...original, text]
            : typeof original === 'number'
              ? original + text.length
              : `${String(original)}${text}`;
          const tampered = rows.map((candidate, i) =>
            i === index ? { ...candidate, [field]: changedValue } : candidate,
          );
          // The id itself may be the changed field, so the finding is matched by its position.
          expect(verify(tampered, head).issues).toContainEqual(
            expect.objectContaining({ kind: 'altered', position: row.chainPosition }),
          );
        },
      ),
    );
  });
});
