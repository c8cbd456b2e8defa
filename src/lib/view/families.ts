/** Each message family's colour and glyph (colour is never the only cue), and its name's catalog key. */
import {
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolSquare,
  symbolStar,
  symbolTriangle,
  symbolWye,
  type SymbolType,
} from 'd3-shape';
import type { Family } from '../spark/messages';

export const FAMILY_STYLE: Record<Family, { color: string; symbol: SymbolType; glyph: string; label: string }> = {
  registration: { color: '#2563eb', symbol: symbolCircle, glyph: '●', label: 'family_registration' },
  heartbeat: { color: '#16a34a', symbol: symbolDiamond, glyph: '◆', label: 'family_heartbeat' },
  recovery: { color: '#c026d3', symbol: symbolTriangle, glyph: '▲', label: 'family_recovery' },
  scheduling: { color: '#ea580c', symbol: symbolSquare, glyph: '■', label: 'family_scheduling' },
  executor: { color: '#0891b2', symbol: symbolStar, glyph: '★', label: 'family_executor' },
  zookeeper: { color: '#a16207', symbol: symbolWye, glyph: 'Y', label: 'family_zookeeper' },
  internal: { color: '#64748b', symbol: symbolCross, glyph: '+', label: 'family_internal' },
};
