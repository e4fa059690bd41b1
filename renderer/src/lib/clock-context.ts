// The page's clock, injected: views that say "3 h ago" read the time from here, so a test (or a screenshot)
// fixes it and the app gives the real one. Nothing in a view calls Date.now() itself.
import { createContext } from 'react';

export type Clock = () => Date;

export const ClockContext = createContext<Clock>(() => new Date());
