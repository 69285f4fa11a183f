package io.banyan.node.command.lists;

import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.type.ListValue;

/** Which end of a list a command works on: LEFT is the head, RIGHT the tail. */
enum ListEnd {
  LEFT("LPOP"),
  RIGHT("RPOP");

  private final byte[] popCommand;

  ListEnd(String popCommand) {
    this.popCommand = Bytes.utf8(popCommand);
  }

  /** LEFT or RIGHT, case-insensitively; ERR syntax error otherwise. */
  static ListEnd parse(byte[] arg) {
    if (Bytes.is(arg, "left")) {
      return LEFT;
    }
    if (Bytes.is(arg, "right")) {
      return RIGHT;
    }
    throw Errors.SYNTAX;
  }

  /** Removes and returns the element at this end; the list must not be empty. */
  byte[] pop(ListValue list) {
    return this == LEFT ? list.removeFirst() : list.removeLast();
  }

  void push(ListValue list, byte[] element) {
    if (this == LEFT) {
      list.addFirst(element);
    } else {
      list.addLast(element);
    }
  }

  /** The non-blocking pop at this end (LPOP or RPOP), as blocking pops propagate. */
  byte[] popCommand() {
    return popCommand;
  }
}
