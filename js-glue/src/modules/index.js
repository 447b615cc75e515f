// The JS side of each core module, installed onto the API object in this order.
import * as codes from './codes.js';
import * as games from './games.js';
import * as notify from './notify.js';
import * as rules from './rules.js';
export const modules = [codes, rules, games, notify];
