// The App Bridge stand-in is shared with the sandbox's admin frame.
export { appBridgeStandIn } from "../../sandbox/stand-in/app-bridge";
