// The shape of .fabric/network.json lives in the neutral fabric/ module (the gateway reads it too).
export * from '../fabric/network-description';
