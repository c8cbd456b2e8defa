/** Each message family's colour and glyph: colour is never the only cue. */
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
  registration: { color: '#2563eb', symbol: symbolCircle, glyph: '●', label: 'registration' },
  heartbeat: { color: '#16a34a', symbol: symbolDiamond, glyph: '◆', label: 'heartbeat' },
  recovery: { color: '#c026d3', symbol: symbolTriangle, glyph: '▲', label: 'recovery' },
  scheduling: { color: '#ea580c', symbol: symbolSquare, glyph: '■', label: 'scheduling' },
  executor: { color: '#0891b2', symbol: symbolStar, glyph: '★', label: 'executor state' },
  zookeeper: { color: '#a16207', symbol: symbolWye, glyph: 'Y', label: 'ZooKeeper' },
  internal: { color: '#64748b', symbol: symbolCross, glyph: '+', label: 'other' },
};
