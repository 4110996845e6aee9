// Marp's options for the course decks: HTML allowed in decks (two-column layouts), and no
// emoji turned into images (Marp would fetch them from a CDN: the slides work offline).
export default {
  html: true,
  options: { emoji: { shortcode: false, unicode: false } },
};
