import { Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';

import { useText, type Bilingual } from '../i18n/language.js';
import { useSession, type Role } from './session.js';

interface DemoSignIn {
  role: Role;
  subject: string;
  token: string;
}

const TEXT: Bilingual<'title' | 'token' | 'tokenHelp' | 'signIn' | 'demo' | 'demoHelp' | 'public' | Role> = {
  th: {
    title: 'เข้าสู่ระบบ',
    token: 'โทเคนเข้าใช้งาน (JWT)',
    tokenHelp: 'วางโทเคนที่ได้จากผู้ให้บริการยืนยันตัวตนของหน่วยงาน',
    signIn: 'เข้าสู่ระบบ',
    demo: 'บทบาทสาธิต (สภาพแวดล้อมพัฒนาเท่านั้น)',
    demoHelp: 'โทเคนสาธิตที่ npm start สร้างขึ้น',
    public: 'ดูข้อมูลสาธารณะโดยไม่เข้าสู่ระบบ',
    PUBLIC: 'บุคคลทั่วไป',
    ORGANIZATION: 'หน่วยงานผู้รายงาน',
    REGULATOR: 'หน่วยงานควบคุมหรือกำกับดูแล',
    THAICERT: 'ไทยเซิร์ต',
    NCSA: 'สกมช.',
  },
  en: {
    title: 'Sign in',
    token: 'Access token (JWT)',
    tokenHelp: "Paste the token from your organization's identity provider",
    signIn: 'Sign in',
    demo: 'Demo roles (development only)',
    demoHelp: 'The demo tokens npm start minted',
    public: 'Browse public information without signing in',
    PUBLIC: 'Public',
    ORGANIZATION: 'Reporting organization',
    REGULATOR: 'Regulator',
    THAICERT: 'ThaiCERT',
    NCSA: 'NCSA',
  },
};

/** Sign in by pasting a token; in development the gateway also offers the demo tokens, one button per role. */
export function SignInPage() {
  const t = useText(TEXT);
  const { signIn } = useSession();
  const [token, setToken] = useState('');
  const [demo, setDemo] = useState<DemoSignIn[]>([]);
  useEffect(() => {
    // Only a development gateway serves this; elsewhere it is absent and the picker stays hidden.
    fetch('/console/demo-sign-in.json')
      .then((res) => (res.ok ? res.json() : []))
      .then(setDemo, () => setDemo([]));
  }, []);
  return (
    <Stack maw={560} mx="auto" mt="xl">
      <Title order={2}>{t.title}</Title>
      <Card withBorder>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (token.trim()) signIn(token.trim());
          }}
        >
          <Stack>
            <Textarea
              label={t.token}
              description={t.tokenHelp}
              value={token}
              onChange={(e) => setToken(e.currentTarget.value)}
              autosize
              minRows={3}
            />
            <Group justify="space-between">
              <Button type="submit" disabled={!token.trim()}>
                {t.signIn}
              </Button>
              <a href="#/public">{t.public}</a>
            </Group>
          </Stack>
        </form>
      </Card>
      {demo.length > 0 && (
        <Card withBorder>
          <Text fw={600}>{t.demo}</Text>
          <Text size="sm" c="dimmed" mb="sm">
            {t.demoHelp}
          </Text>
          <Group>
            {demo.map((entry) => (
              <Button key={entry.subject} variant="light" onClick={() => signIn(entry.token)}>
                {t[entry.role]}
              </Button>
            ))}
          </Group>
        </Card>
      )}
    </Stack>
  );
}
