module.exports = () => require('./figures-summary.cjs').summarize();
