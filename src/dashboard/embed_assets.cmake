# The dashboard's files (src/dashboard/www/) become one generated C++ source at configure time, as
# the API models do: the binary serves them with nothing on disk and nothing from the network.
# Adding, removing or editing a file under www/ re-runs the configure step. Text files only: each
# becomes a raw string literal.
function(minecs_embed_assets dir out)
  file(GLOB_RECURSE files CONFIGURE_DEPENDS RELATIVE ${dir} ${dir}/*)
  list(SORT files)
  set(body "")
  foreach(name ${files})
    file(READ ${dir}/${name} content)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${dir}/${name})
    # A raw string literal ends at its delimiter: a file holding it would cut the literal short.
    string(FIND "${content}" ")minecs_asset\"" clash)
    if(NOT clash EQUAL -1)
      message(FATAL_ERROR "${dir}/${name} holds the embedding delimiter )minecs_asset\"")
    endif()
    string(APPEND body "    {\"${name}\", R\"minecs_asset(${content})minecs_asset\"},\n")
  endforeach()
  file(WRITE ${out}.new "// generated from ${dir}\n#include \"embedded_assets.hpp\"\n"
       "namespace minecs::dashboard {\nnamespace {\nconst embedded_asset all_assets[] = {\n"
       "${body}};\n}  // namespace\n"
       "std::span<const embedded_asset> embedded_assets() { return all_assets; }\n}\n")
  # Rewritten only when it changed, so that a configure does not recompile it needlessly.
  file(COPY_FILE ${out}.new ${out} ONLY_IF_DIFFERENT)
  file(REMOVE ${out}.new)
  # On its own in a unity build: its literals gain nothing from a batch.
  set_source_files_properties(${out} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
endfunction()
