/*
 * The widget's Web Chat bundle (built by scripts/buildWebChat.mjs into
 * dist/widget/webchat.js): what widget/frame.js calls on window.WebChat and
 * nothing more: a Direct Line client, Web Chat's store and its React
 * component with the markdown renderer and a hero card renderer.
 */
/* global window, process -- process.env.* is replaced at build time */
import { DirectLine } from 'botframework-directlinejs';
import ReactWebChat from 'botframework-webchat-component';
import { createStore } from 'botframework-webchat-core';
import renderMarkdown from './markdown';
import { createElement } from 'react';
import { render } from 'react-dom';
import { heroCardMiddleware, heroCardForScreenReaderMiddleware } from './heroCard';

const VERSION = process.env.npm_package_version;

function createDirectLine(options) {
  const directLine = new DirectLine({ ...options, botAgent: `WebChat/${VERSION} (Bezbedno)` });
  // Given a stream URL, the client skips asking the service for one, and with
  // it the start of its token refresh (every 15 minutes): start that here.
  if (options.streamUrl && typeof directLine.refreshTokenLoop === 'function') directLine.refreshTokenLoop();
  return directLine;
}

function renderWebChat(props, element) {
  render(
    createElement(ReactWebChat, {
      renderMarkdown,
      attachmentMiddleware: heroCardMiddleware,
      attachmentForScreenReaderMiddleware: heroCardForScreenReaderMiddleware,
      ...props,
    }),
    element,
  );
}

window.WebChat = { createDirectLine, createStore, renderWebChat, version: VERSION };
