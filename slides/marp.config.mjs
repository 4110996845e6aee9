// Marp's options for the course decks: HTML allowed in decks (two-column layouts), a line break
// in the Markdown is a space (decks are wrapped at 100 columns), and no emoji turned into images
// (Marp would fetch them from a CDN: the slides work offline).
export default {
  html: true,
  options: {
    markdown: { breaks: false },
    emoji: { shortcode: false, unicode: false },
  },
};
