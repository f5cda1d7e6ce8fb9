import { Badge, Button, Card, Checkbox, Code, Group, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { gql, useMutation, useQuery } from 'urql';

import { ErrorNotice, isForbiddenAt, NotVisible, useFieldProblems } from '../../api/errors.js';
import { useText, type Bilingual } from '../../i18n/language.js';

export const MY_CONTACTS = gql`
  query ConsoleMyContacts {
    me {
      organization {
        id
        pointsOfContact {
          id
          version
          fullName
          position
          email
          officePhone
          mobilePhone
          pgpPublicKey
          pgpFingerprint
          isPrimary
          available24x7
        }
      }
    }
  }
`;

export const ADD_CONTACT = gql`
  mutation ConsoleOrganizationAddContact($organizationId: ID!, $input: PointOfContactInput!) {
    addPointOfContact(organizationId: $organizationId, input: $input) {
      id
      version
    }
  }
`;

export const UPDATE_CONTACT = gql`
  mutation ConsoleOrganizationUpdateContact($id: ID!, $expectedVersion: Int!, $input: UpdatePointOfContactInput!) {
    updatePointOfContact(id: $id, expectedVersion: $expectedVersion, input: $input) {
      id
      version
      pgpFingerprint
    }
  }
`;

interface Contact {
  id: string;
  version: number;
  fullName: string;
  position: string | null;
  email: string | null;
  officePhone: string | null;
  mobilePhone: string | null;
  pgpPublicKey: string | null;
  pgpFingerprint: string | null;
  isPrimary: boolean;
  available24x7: boolean;
}

const TEXT: Bilingual<
  | 'title'
  | 'add'
  | 'edit'
  | 'save'
  | 'cancel'
  | 'fullName'
  | 'position'
  | 'email'
  | 'officePhone'
  | 'mobilePhone'
  | 'pgpPublicKey'
  | 'pgpHelp'
  | 'fingerprint'
  | 'noKey'
  | 'primary'
  | 'available24x7'
  | 'none'
  | 'saved'
  | 'officeShort'
  | 'mobileShort'
> = {
  th: {
    title: 'ผู้ประสานงานของหน่วยงานและกุญแจ PGP',
    add: 'เพิ่มผู้ประสานงาน',
    edit: 'แก้ไข',
    save: 'บันทึก',
    cancel: 'ยกเลิก',
    fullName: 'ชื่อ-นามสกุล',
    position: 'ตำแหน่งงาน',
    email: 'อีเมล',
    officePhone: 'โทรศัพท์ที่ทำงาน (+66…)',
    mobilePhone: 'โทรศัพท์มือถือ (+66…)',
    pgpPublicKey: 'กุญแจสาธารณะ OpenPGP (ASCII-armored)',
    pgpHelp: 'ใช้เข้ารหัสอีเมลถึงผู้ประสานงาน และตรวจลายมือชื่อดิจิทัลของรายงาน',
    fingerprint: 'ลายนิ้วมือกุญแจ',
    noKey: 'ยังไม่มีกุญแจ PGP',
    primary: 'ผู้ประสานงานหลัก',
    available24x7: 'ติดต่อได้ตลอด 24 ชั่วโมง 7 วัน',
    none: 'ยังไม่มีผู้ประสานงาน',
    saved: 'บันทึกแล้ว',
    officeShort: 'โทรศัพท์ที่ทำงาน',
    mobileShort: 'โทรศัพท์มือถือ',
  },
  en: {
    title: "The organization's points of contact and PGP keys",
    add: 'Add a point of contact',
    edit: 'Edit',
    save: 'Save',
    cancel: 'Cancel',
    fullName: 'Full name',
    position: 'Position',
    email: 'E-mail',
    officePhone: 'Office telephone (+66…)',
    mobilePhone: 'Mobile telephone (+66…)',
    pgpPublicKey: 'OpenPGP public key (ASCII-armored)',
    pgpHelp: "Used to encrypt mail to the contact and to verify reports' signatures",
    fingerprint: 'Key fingerprint',
    noKey: 'No PGP key yet',
    primary: 'Primary contact',
    available24x7: 'Reachable 24 hours a day, 7 days a week',
    none: 'No points of contact yet',
    saved: 'Saved',
    officeShort: 'Office',
    mobileShort: 'Mobile',
  },
};

type Draft = Record<'fullName' | 'position' | 'email' | 'officePhone' | 'mobilePhone' | 'pgpPublicKey', string> & {
  isPrimary: boolean;
  available24x7: boolean;
};

const draftOf = (contact?: Contact): Draft => ({
  fullName: contact?.fullName ?? '',
  position: contact?.position ?? '',
  email: contact?.email ?? '',
  officePhone: contact?.officePhone ?? '',
  mobilePhone: contact?.mobilePhone ?? '',
  pgpPublicKey: contact?.pgpPublicKey ?? '',
  isPrimary: contact?.isPrimary ?? false,
  available24x7: contact?.available24x7 ?? false,
});

function ContactForm({
  organizationId,
  contact,
  onDone,
  onCancel,
}: {
  organizationId: string;
  contact?: Contact;
  onDone(): void;
  onCancel(): void;
}) {
  const t = useText(TEXT);
  const [draft, setDraft] = useState<Draft>(() => draftOf(contact));
  const [added, add] = useMutation(ADD_CONTACT);
  const [updated, update] = useMutation(UPDATE_CONTACT);
  const error = contact ? updated.error : added.error;
  const problems = useFieldProblems(error);
  const set = (key: keyof Draft) => (event: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [key]: event.currentTarget.value });
  const save = async () => {
    if (contact) {
      // Only what changed: omitted fields stay as they are, a cleared optional one is sent as null.
      const before = draftOf(contact);
      const input: Record<string, unknown> = {};
      for (const key of Object.keys(draft) as (keyof Draft)[]) {
        if (draft[key] !== before[key]) input[key] = draft[key] === '' ? null : draft[key];
      }
      const result = await update({ id: contact.id, expectedVersion: contact.version, input });
      if (result.data?.updatePointOfContact) onDone();
    } else {
      const input = Object.fromEntries(Object.entries(draft).filter(([, value]) => value !== ''));
      const result = await add({ organizationId, input });
      if (result.data?.addPointOfContact) onDone();
    }
  };
  const field = (key: keyof Draft) => problems[`input.${key}`] ?? problems[key];
  return (
    <form
      data-testid="contact-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t.fullName} value={draft.fullName} onChange={set('fullName')} required error={field('fullName')} />
          <TextInput label={t.position} value={draft.position} onChange={set('position')} error={field('position')} />
          <TextInput label={t.email} type="email" value={draft.email} onChange={set('email')} required error={field('email')} />
          <TextInput
            label={t.officePhone}
            type="tel"
            value={draft.officePhone}
            onChange={set('officePhone')}
            error={field('officePhone')}
          />
          <TextInput
            label={t.mobilePhone}
            type="tel"
            value={draft.mobilePhone}
            onChange={set('mobilePhone')}
            error={field('mobilePhone')}
          />
        </SimpleGrid>
        <Textarea
          label={t.pgpPublicKey}
          description={t.pgpHelp}
          value={draft.pgpPublicKey}
          onChange={set('pgpPublicKey')}
          autosize
          minRows={4}
          maxRows={14}
          styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
          error={field('pgpPublicKey')}
          data-testid="contact-pgp-key"
        />
        <Group>
          <Checkbox
            label={t.primary}
            checked={draft.isPrimary}
            onChange={(e) => setDraft({ ...draft, isPrimary: e.currentTarget.checked })}
          />
          <Checkbox
            label={t.available24x7}
            checked={draft.available24x7}
            onChange={(e) => setDraft({ ...draft, available24x7: e.currentTarget.checked })}
          />
        </Group>
        <ErrorNotice error={error} />
        <Group>
          <Button type="submit" loading={added.fetching || updated.fetching} data-testid="contact-save">
            {t.save}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t.cancel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The organization's registered points of contact, their details and OpenPGP keys: add one, change one. */
export function ContactsPage() {
  const t = useText(TEXT);
  const [{ data, error }, reload] = useQuery<{ me: { organization: { id: string; pointsOfContact: Contact[] } | null } }>({
    query: MY_CONTACTS,
  });
  const [editing, setEditing] = useState<string | null>(null);
  const organization = data?.me.organization;
  const done = () => {
    setEditing(null);
    reload({ requestPolicy: 'network-only' });
  };
  return (
    <Stack maw={1100}>
      <Group justify="space-between">
        <Title order={2}>{t.title}</Title>
        {organization && editing !== 'new' && (
          <Button onClick={() => setEditing('new')} data-testid="contact-add">
            {t.add}
          </Button>
        )}
      </Group>
      <ErrorNotice error={error} />
      {organization && editing === 'new' && (
        <Card withBorder>
          <ContactForm organizationId={organization.id} onDone={done} onCancel={() => setEditing(null)} />
        </Card>
      )}
      {organization?.pointsOfContact.length === 0 && <Text c="dimmed">{t.none}</Text>}
      {organization?.pointsOfContact.map((contact, i) => (
        <Card withBorder key={contact.id} data-testid={`contact-${contact.id}`}>
          {editing === contact.id ? (
            <ContactForm organizationId={organization.id} contact={contact} onDone={done} onCancel={() => setEditing(null)} />
          ) : (
            <Stack gap="xs">
              <Group justify="space-between">
                <Group gap="xs">
                  <Title order={3} size="h5">
                    {contact.fullName}
                  </Title>
                  {contact.position && <Text c="dimmed">{contact.position}</Text>}
                  {contact.isPrimary && <Badge variant="light">{t.primary}</Badge>}
                  {contact.available24x7 && (
                    <Badge variant="light" color="teal">
                      24×7
                    </Badge>
                  )}
                </Group>
                <Button size="xs" variant="default" onClick={() => setEditing(contact.id)} aria-label={`${t.edit} ${contact.fullName}`}>
                  {t.edit}
                </Button>
              </Group>
              {isForbiddenAt(error, ['me', 'organization', 'pointsOfContact', i, 'email']) ? (
                <NotVisible />
              ) : (
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <Text size="sm">
                    {t.email}: {contact.email ?? '—'}
                  </Text>
                  <Text size="sm">
                    {t.officeShort}: {contact.officePhone ?? '—'}
                  </Text>
                  <Text size="sm">
                    {t.mobileShort}: {contact.mobilePhone ?? '—'}
                  </Text>
                </SimpleGrid>
              )}
              {contact.pgpFingerprint ? (
                <Text size="sm">
                  {t.fingerprint}: <Code>{contact.pgpFingerprint}</Code>
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  {t.noKey}
                </Text>
              )}
            </Stack>
          )}
        </Card>
      ))}
    </Stack>
  );
}
