/**
 * Web Chat's look for children: large touch targets (≥ 44 px), AA contrast,
 * no upload button (files are never accepted) and only system fonts
 * (nothing downloaded). Suggested actions wrap, two to a row
 * (widget/frame.css), in an area never taller than a third of the chat: it
 * scrolls inside itself beyond that, so the transcript — the question, the
 * case code — and the send box always keep their room. (Uncapped, fifteen
 * buttons once squeezed the transcript to 0 px on a phone.)
 */
export const WEB_CHAT_STYLE = {
  accent: '#1a4f9c',
  primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
  backgroundColor: '#ffffff',
  bubbleBackground: '#eef2f8',
  bubbleTextColor: '#111111',
  bubbleBorderRadius: 14,
  bubbleFromUserBackground: '#1a4f9c',
  bubbleFromUserTextColor: '#ffffff',
  bubbleFromUserBorderRadius: 14,
  bubbleMinHeight: 44,
  bubbleMaxWidth: 520,
  fontSizeSmall: '85%',
  subtle: '#4a4a4a',
  timestampColor: '#4a4a4a',
  paddingRegular: 12,
  sendBoxHeight: 56,
  sendBoxTextWrap: true,
  sendBoxMaxHeight: 160,
  sendBoxButtonColor: '#1a4f9c',
  sendBoxButtonColorOnHover: '#143f7d',
  sendBoxPlaceholderColor: '#595959',
  hideUploadButton: true,
  suggestedActionLayout: 'flow',
  // A CSS length: the frame's viewport is the chat, so 33vh is a third of its height.
  suggestedActionsFlowMaxHeight: '33vh',
  suggestedActionHeight: 48,
  suggestedActionBorderRadius: 24,
  suggestedActionBorderWidth: 2,
  suggestedActionBorderColor: '#1a4f9c',
  suggestedActionBackgroundColor: '#ffffff',
  suggestedActionTextColor: '#1a4f9c',
  suggestedActionBackgroundColorOnHover: '#e3ebf7',
  suggestedActionKeyboardFocusIndicatorBorderColor: '#111111',
  transcriptVisualKeyboardIndicatorColor: '#111111',
  transcriptVisualKeyboardIndicatorWidth: 3,
  typingAnimationDuration: 3000,
} as const;
