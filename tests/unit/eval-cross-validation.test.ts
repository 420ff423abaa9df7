import { describe, expect, it } from 'vitest';
import { candidates, crossValidate, foldKey, type CandidateScores } from '../../scripts/eval/cross-validation.ts';

const s = (rouge2: number): { rouge1: number; rouge2: number } => ({ rouge1: rouge2 * 3, rouge2 });

describe('eval cross-validation', () => {
  it('names outlets and topics from folder names', () => {
    expect(foldKey('LibyaWar_cnn', 'outlet')).toBe('cnn');
    expect(foldKey('LibyaWar_cnn', 'topic')).toBe('LibyaWar');
  });

  it('chooses each folder\'s weights on the other outlets or topics only, never on the folder itself', () => {
    const folders = ['Libya_cnn', 'Libya_reuters', 'Flu_cnn', 'Flu_bbc'];
    // "b" is best on Libya_cnn alone; "a" is best everywhere else.
    const scores: CandidateScores = new Map([
      ['a', new Map([['Libya_cnn', s(0.01)], ['Libya_reuters', s(0.05)], ['Flu_cnn', s(0.05)], ['Flu_bbc', s(0.05)]])],
      ['b', new Map([['Libya_cnn', s(0.09)], ['Libya_reuters', s(0.01)], ['Flu_cnn', s(0.01)], ['Flu_bbc', s(0.01)]])],
    ]);
    const cv = crossValidate(scores, folders);
    const libyaCnn = cv.filter((h) => h.topic === 'Libya_cnn');
    for (const h of libyaCnn) {
      expect(h.trainedOn).not.toContain('Libya_cnn');
      expect(h.chosen).toBe('a');
      expect(h.rouge2).toBe(0.01);
    }
    expect(libyaCnn.find((h) => h.scheme === 'outlet')!.trainedOn).toEqual(['Libya_reuters', 'Flu_bbc']);
    expect(libyaCnn.find((h) => h.scheme === 'topic')!.trainedOn).toEqual(['Flu_cnn', 'Flu_bbc']);
    // Libya_reuters is trained on the cnn and bbc folders, where b's Libya_cnn score ties it with a: the earlier wins.
    const reuters = cv.find((h) => h.topic === 'Libya_reuters' && h.scheme === 'outlet')!;
    expect(reuters.trainedOn).toEqual(['Libya_cnn', 'Flu_cnn', 'Flu_bbc']);
    expect(reuters.chosen).toBe('a');
  });

  it('keeps the shipped weights when no folder is left to train on', () => {
    const scores: CandidateScores = new Map([
      ['as shipped', new Map([['X_test', s(0.02)]])],
      ['other', new Map([['X_test', s(0.5)]])],
    ]);
    expect(crossValidate(scores, ['X_test']).map((h) => h.chosen)).toEqual(['as shipped', 'as shipped']);
  });

  it('starts the grid with the shipped weights', () => {
    const grid = candidates();
    expect(grid[0]).toEqual({ name: 'as shipped', weights: {} });
    expect(new Set(grid.map((c) => c.name)).size).toBe(grid.length);
  });
});
