// The window: a header with the three views (Check, My tickets, Helpdesk) and the active view.
import { useState } from 'react';
import {
  FluentProvider,
  MessageBar,
  MessageBarBody,
  Tab,
  TabList,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DocumentSearch20Regular, ShieldKeyhole20Regular, TicketDiagonal20Regular } from '@fluentui/react-icons';
import { useSystemTheme } from './components/use-system-theme';
import { CheckView } from './components/check-view';
import { HelpdeskView } from './components/helpdesk-view';
import { TicketsView } from './components/tickets-view';
import { getApi } from './api';

const useStyles = makeStyles({
  shell: {
    minHeight: '100vh',
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground2,
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalXXL,
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  brand: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  logo: { width: '28px', height: '28px' },
  tagline: { color: tokens.colorNeutralForeground3 },
  main: { flexGrow: 1, padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXL}`, minWidth: 0 },
});

type View = 'check' | 'tickets' | 'helpdesk';

export function App() {
  const theme = useSystemTheme();
  const styles = useStyles();
  const [view, setView] = useState<View>('check');
  const api = getApi();
  return (
    <FluentProvider theme={theme}>
      <div className={styles.shell}>
        <header className={styles.header}>
          <div className={styles.brand}>
            <img src="./icon.svg" alt="" className={styles.logo} />
            <div>
              <Text as="h1" size={500} weight="semibold" block>
                KerbProbe
              </Text>
              <Text size={200} className={styles.tagline} block>
                Windows Authentication to Azure SQL Managed Instance
              </Text>
            </div>
          </div>
          <TabList selectedValue={view} onTabSelect={(_, d) => setView(d.value as View)} aria-label="Views">
            <Tab value="check" icon={<ShieldKeyhole20Regular />}>
              Check connection
            </Tab>
            <Tab value="tickets" icon={<TicketDiagonal20Regular />}>
              My tickets
            </Tab>
            <Tab value="helpdesk" icon={<DocumentSearch20Regular />}>
              Helpdesk
            </Tab>
          </TabList>
        </header>
        <main
          className={styles.main}
          aria-label={view === 'check' ? 'Check connection' : view === 'tickets' ? 'My tickets' : 'Helpdesk'}
        >
          {!api && (
            <MessageBar intent="error">
              <MessageBarBody>This page runs inside the KerbProbe app; the engine is not connected.</MessageBarBody>
            </MessageBar>
          )}
          <div hidden={view !== 'check'}>
            <CheckView />
          </div>
          {view === 'tickets' && <TicketsView />}
          <div hidden={view !== 'helpdesk'}>
            <HelpdeskView />
          </div>
        </main>
      </div>
    </FluentProvider>
  );
}
