package io.github.vectorrecall.examples;

import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An enum option value in any case, with '-' or '_' between words; the error lists them all. */
final class EnumConverter<E extends Enum<E>> implements ITypeConverter<E> {
  private final Class<E> type;

  EnumConverter(Class<E> type) {
    this.type = type;
  }

  @Override
  public E convert(String value) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value.trim().replace('-', '_'))) {
        return e;
      }
    }
    throw new TypeConversionException("'" + value + "' is not one of "
        + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
  }
}
