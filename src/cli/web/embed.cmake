# Turns the web page's files into one C source of byte arrays, so that an
# installed spor serves its page without files beside it (web_assets.c
# names the arrays). Run as: cmake -DOUT=file.c -DFILES="a;b" -P embed.cmake
# Each file F becomes web_asset_<F with . and - as _>[] and its _len.
set(body "/* Generated from src/cli/web by embed.cmake: do not edit. */\n")
string(APPEND body "#include <stddef.h>\n")
foreach(f ${FILES})
  get_filename_component(name ${f} NAME)
  string(REGEX REPLACE "[^A-Za-z0-9]" "_" sym "${name}")
  file(READ ${f} hex HEX)
  string(LENGTH "${hex}" n)
  math(EXPR len "${n} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "((0x..,){16})" "\\1\n" bytes "${bytes}")
  string(APPEND body "extern const unsigned char web_asset_${sym}[];\n")
  string(APPEND body "extern const size_t web_asset_${sym}_len;\n")
  string(APPEND body "const unsigned char web_asset_${sym}[] = {\n${bytes}0};\n")
  string(APPEND body "const size_t web_asset_${sym}_len = ${len};\n")
endforeach()
file(WRITE ${OUT} "${body}")
