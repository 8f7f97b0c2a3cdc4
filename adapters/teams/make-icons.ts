/** Writes assets/teams/color.png and outline.png (or into the directory given as the first argument). */
import { writeIcons } from './icons.js';

writeIcons(process.argv[2] ?? 'assets/teams');
