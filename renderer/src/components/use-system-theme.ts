// Follows the OS light/dark setting (Electron maps nativeTheme to prefers-color-scheme) and high contrast.
import { useEffect, useState } from 'react';
import { webDarkTheme, webLightTheme, teamsHighContrastTheme, type Theme } from '@fluentui/react-components';

function pick(): Theme {
  if (window.matchMedia('(forced-colors: active)').matches) return teamsHighContrastTheme;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? webDarkTheme : webLightTheme;
}

export function useSystemTheme(): Theme {
  const [theme, setTheme] = useState<Theme>(pick);
  useEffect(() => {
    const queries = ['(prefers-color-scheme: dark)', '(forced-colors: active)'].map((q) => window.matchMedia(q));
    const update = () => setTheme(pick());
    for (const q of queries) q.addEventListener('change', update);
    return () => {
      for (const q of queries) q.removeEventListener('change', update);
    };
  }, []);
  return theme;
}
