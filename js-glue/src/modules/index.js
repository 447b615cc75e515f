// The JS side of each core module, installed onto the API object in this order.
import * as analytics from './analytics.js';
import * as codes from './codes.js';
import * as engine from './engine.js';
import * as games from './games.js';
import * as notify from './notify.js';
import * as ranking from './ranking.js';
import * as rules from './rules.js';
export const modules = [codes, rules, engine, ranking, analytics, games, notify];
