import { AppShell, Burger, Button, Group, Loader, NavLink, SegmentedControl, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useEffect } from 'react';
import { matchRoute, Redirect, Route, Router, Switch, useLocation, useRouter } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';

import { LANGUAGES, useLanguage, useText, type Bilingual, type Language } from './i18n/language.js';
import { ORGANIZATION_ROUTES } from './pages/organization/routes.js';
import { PUBLIC_ROUTES } from './pages/public/routes.js';
import { REGULATOR_ROUTES } from './pages/regulator/routes.js';
import { THAICERT_ROUTES } from './pages/thaicert/routes.js';
import { useSession, type Me } from './session/session.js';
import { SignInPage } from './session/sign-in-page.js';
import type { ConsoleRoute } from './ui/console-route.js';

const ROUTES: readonly ConsoleRoute[] = [...REGULATOR_ROUTES, ...THAICERT_ROUTES, ...ORGANIZATION_ROUTES, ...PUBLIC_ROUTES];

const TEXT: Bilingual<'title' | 'signOut' | 'signIn' | 'menu' | 'notFound' | 'loading'> = {
  th: {
    title: 'ระบบประสานการรายงานภัยคุกคามทางไซเบอร์',
    signOut: 'ออกจากระบบ',
    signIn: 'เข้าสู่ระบบ',
    menu: 'เมนู',
    notFound: 'ไม่พบหน้านี้',
    loading: 'กำลังโหลด',
  },
  en: {
    title: 'Cyber-threat reporting',
    signOut: 'Sign out',
    signIn: 'Sign in',
    menu: 'Menu',
    notFound: 'No such page',
    loading: 'Loading',
  },
};

const LANGUAGE_NAMES: Record<Language, string> = { th: 'ไทย', en: 'English' };

/** Who the person is, as the header shows it: their organization or regulator, else their role. */
function whoIs(me: Me | undefined, language: Language): string {
  const body = me?.organization ?? me?.regulator;
  if (body) return language === 'th' ? body.nameTh : body.nameEn;
  return me?.role ?? '';
}

/** Fetches the page at `location` while the graph says who the person is: the two waits overlap rather than add up. */
function PreloadPage({ location }: { location: string }) {
  const { parser } = useRouter();
  useEffect(() => void ROUTES.find((route) => matchRoute(parser, route.path, location)[0])?.page.preload?.(), [parser, location]);
  return null;
}

function Pages({ me, identifying }: { me: Me | undefined; identifying: boolean }) {
  const role = me?.role ?? 'PUBLIC';
  const t = useText(TEXT);
  const [location] = useLocation();
  if (identifying)
    return (
      <>
        <PreloadPage location={location} />
        <Loader m="xl" aria-label={t.loading} />
      </>
    );
  const mine = ROUTES.filter((route) => route.roles.includes(role));
  const home = mine.find((route) => route.nav)?.path ?? '/public';
  return (
    <Suspense fallback={<Loader m="xl" aria-label={t.loading} />}>
      <Switch>
        <Route path="/">{me && role !== 'PUBLIC' ? <Redirect to={home} /> : <SignInPage />}</Route>
        {mine.map((route) => (
          <Route key={route.path} path={route.path} component={route.page} />
        ))}
        <Route>
          <Text>{t.notFound}</Text>
        </Route>
      </Switch>
    </Suspense>
  );
}

function Shell() {
  const { language, setLanguage } = useLanguage();
  const t = useText(TEXT);
  const { me, token, identifying, signOut } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const [location] = useLocation();
  const role = me?.role ?? 'PUBLIC';
  const menu = ROUTES.filter((route) => route.nav && route.roles.includes(role));
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'md', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label={t.menu} />
            <Title order={1} size="h4">
              {t.title}
            </Title>
          </Group>
          <Group wrap="nowrap">
            <Text size="sm" visibleFrom="sm" data-testid="signed-in-as">
              {whoIs(me, language)}
            </Text>
            <SegmentedControl
              size="xs"
              aria-label="ภาษา / Language"
              value={language}
              onChange={(value) => setLanguage(value as Language)}
              data={LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))}
            />
            {token ? (
              <Button size="xs" variant="default" onClick={signOut}>
                {t.signOut}
              </Button>
            ) : (
              <Button size="xs" variant="default" component="a" href="#/">
                {t.signIn}
              </Button>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t.menu}>
        {menu.map((route) => (
          <NavLink key={route.path} href={`#${route.path}`} label={route.nav![language]} active={location === route.path} onClick={close} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Pages me={me} identifying={identifying} />
      </AppShell.Main>
    </AppShell>
  );
}

export function App() {
  return (
    <Router hook={useHashLocation}>
      <Shell />
    </Router>
  );
}
