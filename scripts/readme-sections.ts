// The README sections generated from the domain, between marker comments.
import { renderAccessTable, renderStageDiagram } from '../chaincode/src/domain';

const SECTIONS: Record<string, () => string> = {
  'access-table': renderAccessTable,
  'stage-diagram': () => `\`\`\`mermaid\n${renderStageDiagram()}\`\`\`\n`,
};

export function renderChaincodeReadme(readme: string): string {
  let out = readme;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const begin = `<!-- generated:${name} -->\n`;
    const end = `<!-- /generated:${name} -->`;
    const i = out.indexOf(begin);
    const j = out.indexOf(end);
    if (i < 0 || j < i) throw new Error(`README lacks the ${name} markers`);
    out = out.slice(0, i + begin.length) + render() + out.slice(j);
  }
  return out;
}
