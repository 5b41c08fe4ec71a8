module.exports = () => require('./figures-summary.cjs').markStart();
