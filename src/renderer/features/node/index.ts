/** Node feature: the overview of this node and its recent blocks. */
export { default as NodeOverview } from './NodeOverview.vue'
export { default as RecentBlocks } from './RecentBlocks.vue'
