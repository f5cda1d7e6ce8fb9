import { Badge, Card, Table, Text, Title } from '@mantine/core';
import { gql, useQuery } from 'urql';

import { ErrorNotice } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { dateTime } from '../../i18n/dates.js';
import { useLanguage, useText, type Bilingual } from '../../i18n/language.js';

export const INCIDENT_MAIL_HISTORY = gql`
  query ConsoleIncidentMailHistory($id: ID!) {
    incident(id: $id) {
      id
      mailHistory {
        id
        kind
        status
        recipientEmail
        encrypted
        withheld
        attempts
        lastError
        sentAt
        createdAt
      }
    }
  }
`;

interface MailEntry {
  id: string;
  kind: string;
  status: string;
  recipientEmail: string;
  encrypted: boolean | null;
  withheld: boolean | null;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

const TEXT: Bilingual<'title' | 'none' | 'encrypted' | 'withheld' | 'signed'> = {
  th: {
    title: 'อีเมลเกี่ยวกับเหตุการณ์นี้',
    none: 'ยังไม่มีอีเมล',
    encrypted: 'เข้ารหัส',
    withheld: 'แจ้งโดยไม่มีเนื้อหา',
    signed: 'ลงลายมือชื่อ',
  },
  en: {
    title: 'Mail about this incident',
    none: 'No mail yet',
    encrypted: 'Encrypted',
    withheld: 'Notice without content',
    signed: 'Signed',
  },
};

/** The mail sent about one incident (receipts, deadline notices, answers to reports by mail), for ThaiCERT and NCSA. */
export function IncidentMailHistory({ incidentId }: { incidentId: string }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const [{ data, error }] = useQuery<{ incident: { id: string; mailHistory: MailEntry[] | null } | null }>({
    query: INCIDENT_MAIL_HISTORY,
    variables: { id: incidentId },
  });
  const entries = data?.incident?.mailHistory ?? [];
  return (
    <Card withBorder data-testid="incident-mail-history">
      <Title order={4} size="h5" mb="xs">
        {t.title}
      </Title>
      <ErrorNotice error={error} />
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t.none}
        </Text>
      ) : (
        <Table striped>
          <Table.Tbody>
            {entries.map((m) => (
              <Table.Tr key={m.id} data-testid="incident-mail">
                <Table.Td>{dateTime(m.sentAt ?? m.createdAt, language)}</Table.Td>
                <Table.Td>{vocabulary.label('MailKind', m.kind)}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>{m.recipientEmail}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={m.status === 'SENT' ? 'green' : m.status === 'FAILED' ? 'red' : 'gray'}>
                    {vocabulary.label('MailDeliveryStatus', m.status)}
                  </Badge>
                </Table.Td>
                <Table.Td>{m.encrypted ? t.encrypted : m.withheld ? t.withheld : m.sentAt ? t.signed : ''}</Table.Td>
                <Table.Td>
                  <Text size="xs">{m.lastError ?? ''}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
