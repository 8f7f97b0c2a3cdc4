import { describe, expect, it } from 'vitest';
import { questionPart } from '../../src/core/question/question-part.js';

describe('questionPart: the question in a message', () => {
  it('drops greetings, thanks and sign-offs', () => {
    expect(questionPart('Hi team, what is the dose of IM adrenaline in anaphylaxis? Thanks!')).toEqual({
      text: 'what is the dose of IM adrenaline in anaphylaxis?',
      trimmed: true,
    });
    expect(questionPart('Hello. Sorry to bother you. Is ibuprofen safe in pregnancy? Many thanks. Kind regards')).toEqual({
      text: 'Is ibuprofen safe in pregnancy?',
      trimmed: true,
    });
  });

  it('keeps the story told before the question', () => {
    const q = 'My dad is 78 and on warfarin. He fell yesterday and hit his head. Should he go to A&E?';
    expect(questionPart(q)).toEqual({ text: q, trimmed: false });
  });

  it('answers the first of several questions, with its story', () => {
    expect(
      questionPart('Hi. My son is 4 and has a fever of 39. Can I give him paracetamol? And how often can I give ibuprofen? Thanks').text,
    ).toBe('My son is 4 and has a fever of 39. Can I give him paracetamol?');
  });

  it('leaves a plain question as it is', () => {
    expect(questionPart('vanc trough came back 22')).toEqual({ text: 'vanc trough came back 22', trimmed: false });
    expect(questionPart('hi')).toEqual({ text: 'hi', trimmed: false });
  });
});
